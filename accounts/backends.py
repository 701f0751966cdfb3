"""Log in with a username or with the phone number of a worker account."""

from django.contrib.auth.backends import ModelBackend

from .models import Role, User


class UsernameOrPhoneBackend(ModelBackend):
    """A username first; failing that, the one active worker whose phone it is (imported
    workers have their phone as username, self-registered ones chose a name)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        username = (username or "").strip()
        if username and not User.objects.filter(username=username).exists():
            phone = username.replace(" ", "").replace("-", "").removeprefix("+86")
            if phone.isdigit() and len(phone) == 11:
                owners = list(User.objects.filter(phone=phone, role=Role.WORKER)
                              .values_list("username", flat=True)[:2])
                if len(owners) == 1:
                    username = owners[0]
        return super().authenticate(request, username=username, password=password, **kwargs)
