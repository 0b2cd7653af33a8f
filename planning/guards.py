"""Checks that apps above planning add to planning's changes, without planning importing them.

The apps depend one way (catalog <- patients, stock <- planning <- photos, consents, records): planning may not ask
consents whether the patient signed. So planning declares a list of guards for each change that may need another
app's say, calls it in the service that makes the change, and each upper app adds its guards in its AppConfig.ready
(as pages take sections, clinic/sections.py):

    # planning/guards.py
    PLAN_ACCEPT_GUARDS = Guards("accepting a plan", arguments=("plan",))
    # consents/apps.py
    PLAN_ACCEPT_GUARDS.add(guards.plan_is_signed)
    # planning/services.py, plan_set_status
    PLAN_ACCEPT_GUARDS.check(plan=plan)

A guard takes the change's arguments as keywords and returns None to let the change go ahead, or raises a
ValidationError saying why not, keyed by the form field it belongs to (or NON_FIELD_ERRORS), as every service
refusal is. A GuardRefusal may also name next steps (a page where the user can do what is missing): a view shows
them as links beside the message. `check` runs every guard and raises their refusals together, so the user reads
everything that is missing at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

Guard = Callable[..., None]


@dataclass(frozen=True)
class NextStep:
    """Where the user can do what a guard found missing, for a link beside the refusal."""

    label: str
    url: str


class GuardRefusal(ValidationError):
    """A guard's refusal: a ValidationError (a dict keyed by field, like every service refusal) with next steps."""

    def __init__(self, errors, *, next_steps: Iterable[NextStep] = ()):
        super().__init__(errors)
        self.next_steps: tuple[NextStep, ...] = tuple(next_steps)


class Guards:
    """The guards of one change, called with the keyword `arguments` the change declares."""

    def __init__(self, change: str, *, arguments: tuple[str, ...]):
        self.change = change
        self.arguments = arguments
        self._guards: list[Guard] = []

    def add(self, guard: Guard) -> None:
        if guard not in self._guards:  # ready() may run twice (tests, autoreload)
            self._guards.append(guard)

    def remove(self, guard: Guard) -> None:
        if guard in self._guards:
            self._guards.remove(guard)

    def __iter__(self):
        return iter(list(self._guards))

    def __len__(self) -> int:
        return len(self._guards)

    def check(self, **arguments) -> None:
        """Run every guard; raise one GuardRefusal with all their messages and next steps when any refuses."""
        if set(arguments) != set(self.arguments):
            raise TypeError(f"the guards of {self.change} take {', '.join(self.arguments)}; got {', '.join(arguments)}")
        errors: dict[str, list[ValidationError]] = {}
        steps: list[NextStep] = []
        for guard in self:
            try:
                guard(**arguments)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
                steps.extend(step for step in getattr(exc, "next_steps", ()) if step not in steps)
        if errors:
            raise GuardRefusal(errors, next_steps=steps)


# Moving a plan to accepted (planning.services.plan_set_status), with the plan as it is before the change. A refusal
# belongs to the status form's "to" field.
PLAN_ACCEPT_GUARDS = Guards("accepting a plan", arguments=("plan",))

# Recording a session performed (planning.services.session_record): the plan and the modalities given in the session
# (the products' kinds: "toxin", "filler"). A refusal belongs to the whole form.
SESSION_START_GUARDS = Guards("recording a session", arguments=("plan", "modalities"))
