"""Pages that stay put: every list has a total order on a unique key, and the big lists (vendors,
transfers) page by cursor, so a row added while a client walks the list is neither skipped nor
seen twice, and a deep page costs no more than the first."""

from rest_framework.pagination import CursorPagination, PageNumberPagination

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class RegisterCursorPagination(CursorPagination):
    """For the big lists: ordered by id, the unique key that never changes."""

    ordering = "id"
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class RegisterPageNumberPagination(PageNumberPagination):
    """For the small lists (reference data, affiliates): numbered pages with a count.

    Their viewsets order by a unique key (see RegisterViewSet), so pages never overlap."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
