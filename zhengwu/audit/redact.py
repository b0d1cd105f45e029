"""A logging filter that masks personal numbers in every log line: personal data is never logged."""
import logging

from zhengwu.pii import mask_text


class RedactPIIFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # broad on purpose: a broken format string must not break logging
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
