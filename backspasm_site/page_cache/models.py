from django.db import models


class RenderRequest(models.Model):
    """Content that changed, whose pages wait to be rendered again by the render process (warm.py).

    One row per surrogate key (edge.py), however many times it changes before the render process gets to it,
    so the table never holds more rows than the site has keys. `waiting` is cleared when the render process
    takes the row and set again by any change made after that, so a change made during a render is rendered
    once more, never lost.
    """

    key = models.CharField(max_length=200, unique=True)
    waiting = models.BooleanField(default=True)
    asked_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["waiting", "asked_at"], name="render_waiting_oldest_first")]

    def __str__(self):
        return self.key
