import json
import logging


def _is_server_error(record) -> bool:
    return record.levelno >= logging.ERROR and not record.name.startswith("django.security")


class FourXXFormatter(logging.Formatter):
    """Expected 4xx noise (odd Host headers, oversized or malformed posts) in one line, without the
    traceback that would make the sender's fault read like a server fault. Server errors (ERROR from
    django.request) keep their traceback."""

    def format(self, record):
        if not _is_server_error(record):
            record = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None,
                                            "stack_info": None})  # fmt: skip
        return super().format(record)


class JsonLines(FourXXFormatter):
    """LOG_FORMAT=json: one JSON object a line. Only the record's own message and, for a server error, its
    traceback: never the request an error came with (its address, cookies, user agent, query or body)."""

    def format(self, record):
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and _is_server_error(record):
            line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
