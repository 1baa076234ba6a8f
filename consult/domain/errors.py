"""Named errors for broken rules; services turn them into form errors or flashes."""

from . import i18n


class DomainError(Exception):
    """A rule of the platform was broken; the message is safe to show to the user.

    `message` is an English message id marked with `N_`, with %(name)s placeholders filled
    from `params`; `.message` reads it in the reader's language, `str()` in English."""

    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None, **params):
        super().__init__(message % params if params else message)
        self.template, self.params = message, params
        if field is not None:
            self.field = field

    @property
    def message(self) -> str:
        return i18n.translate(self.template, self.params)


class InvalidTransition(DomainError):
    """A status change that the transition table does not allow."""


class InvalidPartialDate(DomainError):
    """A date that is not a real year, year and month, or full date."""


class DuplicateSlug(DomainError):
    """Another twin link already has this address."""


class DuplicateEmail(DomainError):
    """An account with this email address already exists."""


class InvalidToken(DomainError):
    """A verification or reset link that is forged, expired or already used."""


class UnknownRole(DomainError):
    """A role name that is not in the roles table."""


class WrongPassword(DomainError):
    """The current password given to confirm a change is not the account's password."""


class WrongCode(DomainError):
    """A two-factor code that is wrong, out of date or already used."""


class LastAdmin(DomainError):
    """The change would leave the service with no administrator."""


class EventNotCorrectable(DomainError):
    """A correction must point at an event of the same link."""
