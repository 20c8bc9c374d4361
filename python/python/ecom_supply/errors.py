"""The exceptions ecom_supply raises: one base class, and a kind per cause."""


class EcomError(Exception):
    """Base class of every error the ecom_supply package raises."""


class InputError(EcomError, ValueError):
    """A table or an argument the library refuses before any work: a missing column, an
    unreadable date, a non-numeric quantity, a horizon of 0, an unknown model name."""


class ForecastError(EcomError):
    """A SKU whose model could not be fitted or forecast; the message names the SKU."""
