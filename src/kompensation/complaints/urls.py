from django.urls import path

from .views import appeals, detail, forwarding, intake, reassessment

app_name = "complaints"

urlpatterns = [
    path("<int:pk>/", detail.detail, name="detail"),
    path("ny/<int:case_pk>/", intake.register, name="register"),
    path("<int:pk>/for-sen/", intake.assess_late, name="assess_late"),
    path("<int:pk>/tilbagetrukket/", intake.withdraw, name="withdraw"),
    path("<int:pk>/genvurdering/", reassessment.reassess, name="reassess"),
    path("<int:pk>/send-til-ankestyrelsen/", forwarding.forward, name="forward"),
    path("<int:pk>/oversendelsespakke.pdf", forwarding.package_pdf, name="package"),
    path("<int:pk>/oversendelsespakke.zip", forwarding.package_zip_download, name="package_zip"),
    path("<int:pk>/ankestyrelsen/modtaget/", appeals.appeals_received, name="appeals_received"),
    path("<int:pk>/ankestyrelsen/sagsbehandler/", appeals.appeals_assigned, name="appeals_assigned"),
    path("<int:pk>/ankestyrelsen/afgoerelse/", appeals.appeals_decided, name="appeals_decided"),
    path("<int:pk>/ankestyrelsen/ret-dato/", appeals.appeals_correct, name="appeals_correct"),
]
