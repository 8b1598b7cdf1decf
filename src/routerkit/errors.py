"""Exceptions that the CLI turns into one-line error messages (never a traceback)."""


class RouterkitError(Exception):
    """Base class for errors caused by the user's input or environment."""


class DataError(RouterkitError):
    """A data file is missing, malformed or holds values the task cannot use."""


class UnknownTaskError(RouterkitError):
    """The task name is not registered."""


class ModelDirError(RouterkitError):
    """A model directory is missing, incomplete or lacks its labels."""


class ConfigError(RouterkitError):
    """A configuration value is invalid."""
