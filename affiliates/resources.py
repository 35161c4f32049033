"""Import/export widgets shared by the register's resources."""

from import_export.widgets import ForeignKeyWidget

from affiliates.models import Country


class CountryCodeWidget(ForeignKeyWidget):
    """A country column holding an ISO code; an unknown code is a row error that names it."""

    def __init__(self) -> None:
        super().__init__(Country, field="code")

    def clean(self, value, row=None, **kwargs):
        code = (value or "").strip().upper()
        if not code:
            return None
        try:
            return Country.objects.get(code=code)
        except Country.DoesNotExist:
            raise ValueError(
                f"Unknown country code '{value}' (expected ISO 3166-1 alpha-2)."
            ) from None
