"""Staff sign-in: two-factor authentication, lockout after failed logins and optional single
sign-on by OpenID Connect, wired around django-two-factor-auth, django-axes and
mozilla-django-oidc. The README's "Staff sign-in" section describes the settings."""
