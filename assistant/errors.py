"""Domain errors. Each message says what happened and what to do next; the CLI and UI show it as is."""


class AssistantError(Exception):
    """Base class for every error a user may see."""


class ConfigError(AssistantError):
    """A setting is wrong (bad path, unknown backend, malformed value)."""


class ModelNotFound(AssistantError):
    """A configured model name or path cannot be resolved offline."""


class IndexMismatch(AssistantError):
    """The index was built with another embedding model than the one configured."""


class IndexEmpty(AssistantError):
    """Nothing has been ingested yet."""


class StoreUnavailable(AssistantError):
    """The Chroma store (embedded or server) cannot be opened or reached."""


class IngestError(AssistantError):
    """A file could not be read, parsed or indexed."""


class IngestBusy(AssistantError):
    """Another ingest holds the writer lock."""


class BackendUnavailable(AssistantError):
    """An LLM backend cannot be reached or loaded."""
