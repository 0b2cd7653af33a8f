from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "clinic.photos"
    label = "photos"
    verbose_name = "Clinical photos"
