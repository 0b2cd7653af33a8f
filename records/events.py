"""What the apps above records do when a session's record is signed, without records importing them.

Signing is the moment the record is final: the apps above records (follow-ups, aftercare) act on it, in the
signature's transaction, so a signature never stands without its follow-ups. Each adds its action in its
AppConfig.ready, as pages take sections (clinic/sections.py) and changes take guards (planning/guards.py):

    # followups/apps.py
    SESSION_SIGNED.add(services.schedule_after_signing)
    # records/services.py, session_sign
    SESSION_SIGNED.run(session=session, signature=signature, by=by)

An action takes the keyword arguments below and returns nothing; an exception it raises undoes the signature.
"""

from __future__ import annotations

from collections.abc import Callable

Action = Callable[..., None]


class Actions:
    def __init__(self, event: str, *, arguments: tuple[str, ...]):
        self.event = event
        self.arguments = arguments
        self._actions: list[Action] = []

    def add(self, action: Action) -> None:
        if action not in self._actions:  # ready() may run twice (tests, autoreload)
            self._actions.append(action)

    def remove(self, action: Action) -> None:
        if action in self._actions:
            self._actions.remove(action)

    def __iter__(self):
        return iter(list(self._actions))

    def run(self, **arguments) -> None:
        if set(arguments) != set(self.arguments):
            raise TypeError(f"the actions on {self.event} take {', '.join(self.arguments)}; got {', '.join(arguments)}")
        for action in self:
            action(**arguments)


# A session's record was signed (records.services.session_sign), inside the signature's transaction.
SESSION_SIGNED = Actions("signing a session record", arguments=("session", "signature", "by"))

# An adverse event was recorded (records.services.adverse_event_record), during the session or any time after it,
# inside the event's transaction; e.g. followups books a complication follow-up when the event has a follow-up date.
ADVERSE_EVENT_RECORDED = Actions("recording an adverse event", arguments=("event", "by"))
