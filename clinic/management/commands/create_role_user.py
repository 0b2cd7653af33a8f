from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clinic.roles import CATALOG_ADMIN, ROLE_SLUGS, ROLES


class Command(BaseCommand):
    help = "Create a staff user in one role (front desk, practitioner or catalog admin), or add the role to one."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", help=f"One of: {', '.join(ROLE_SLUGS)} (or the group name).")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password", help="Initial password. Omit to leave the account without one (use password reset)."
        )

    def handle(self, *args, username, role, email, first_name, last_name, password, **options):
        role_name = ROLE_SLUGS.get(role.lower().replace(" ", "").replace("-", ""), role)
        if role_name not in ROLES:
            raise CommandError(f"Unknown role {role!r}. Choose one of: {', '.join(ROLE_SLUGS)}.")
        try:
            group = Group.objects.get(name=role_name)
        except Group.DoesNotExist as exc:
            raise CommandError("The role groups are missing: run `python manage.py migrate` first.") from exc

        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": email, "first_name": first_name, "last_name": last_name}
        )
        if created:
            if password:
                try:
                    validate_password(password, user)
                except ValidationError as exc:
                    user.delete()
                    raise CommandError(" ".join(exc.messages)) from exc
                user.set_password(password)
            else:
                user.set_unusable_password()
        if role_name == CATALOG_ADMIN:
            user.is_staff = True  # the catalog is edited in the Django admin
        user.save()
        user.groups.add(group)
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} {username} with role {role_name}."))
