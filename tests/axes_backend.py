"""django-axes for the tests: Django's test ``Client.login()`` authenticates without a request.

Axes refuses such calls (it needs the client's address); they are not the
sign-ins it guards, so here they go straight to the next backend. Every
request through the admin login still meets axes.
"""

from axes.backends import AxesStandaloneBackend


class AxesBackendAllowingClientLogin(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
