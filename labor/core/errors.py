"""Field errors collected while a service checks its input, raised together as one
ValidationError keyed by field (the form or the API puts each message beside its field)."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class FieldErrors:
    def __init__(self):
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(str(message))

    def merge(self, exc: ValidationError, prefix: str = "", *, field: str | None = None) -> None:
        """Another check's errors: under ``field`` if given, else under their own keys with
        ``prefix`` (e.g. "parties-0-"); errors without a field under the prefix or at the top."""
        if hasattr(exc, "error_dict"):
            for key, messages in exc.message_dict.items():
                for message in messages:
                    self.add(field or f"{prefix}{key}", message)
        else:
            for message in exc.messages:
                self.add(field or prefix.rstrip("-") or NON_FIELD_ERRORS, message)

    def __contains__(self, field: str) -> bool:
        return field in self.by_field

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)
