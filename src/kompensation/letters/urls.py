from django.urls import path

from . import views

app_name = "letters"
urlpatterns = [path("<int:pk>/pdf/", views.letter_pdf, name="pdf")]
