import logging


class FourXXFormatter(logging.Formatter):
    """Expected 4xx noise (odd Host headers, oversized or malformed posts) in one line, without the
    traceback that would make the sender's fault read like a server fault. Server errors (ERROR from
    django.request) keep their traceback."""

    def format(self, record):
        if record.levelno < logging.ERROR or record.name.startswith("django.security"):
            record = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None,
                                            "stack_info": None})  # fmt: skip
        return super().format(record)
