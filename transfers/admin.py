"""Django's entry point to the app's admin: each subject registers its own admin in its
package; importing them here is what makes the admin site find them."""

from transfers.access import admin as access_admin  # noqa: F401
from transfers.assessments import admin as assessments_admin  # noqa: F401
from transfers.documents import admin as documents_admin  # noqa: F401
from transfers.evaluation import admin as evaluation_admin  # noqa: F401
from transfers.outbox import admin as outbox_admin  # noqa: F401
from transfers.reference import admin as reference_admin  # noqa: F401
from transfers.register import admin as register_admin  # noqa: F401
from transfers.requests import admin as requests_admin  # noqa: F401


