"""The API machinery every app shares (authentication hooks, permissions, throttling, paging,
the error shape, the fast representation, base viewsets), as NetBox keeps it in its project
package. It imports no app: the apps build on it."""



API_V1_PREFIX = "api/v1/"
