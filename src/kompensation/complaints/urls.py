from django.urls import path

from .views import detail, intake

app_name = "complaints"

urlpatterns = [
    path("<int:pk>/", detail.detail, name="detail"),
    path("ny/<int:case_pk>/", intake.register, name="register"),
    path("<int:pk>/for-sen/", intake.assess_late, name="assess_late"),
    path("<int:pk>/tilbagetrukket/", intake.withdraw, name="withdraw"),
]
