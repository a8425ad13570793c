from django.db import models


class Phase(models.TextChoices):
    UPCOMING = "upcoming", "Call not yet open"
    SUBMISSION = "submission", "Call for papers open"
    BIDDING = "bidding", "Bidding"
    REVIEWING = "reviewing", "Reviewing"
    DECIDING = "deciding", "Decisions in progress"
    CAMERA_READY = "camera_ready", "Camera-ready"
    CLOSED = "closed", "Closed"
