"""What a reader raises when a file is no document it can read."""


class UnreadableDocument(Exception):
    """The file cannot be turned into text lines; the message names the file and says why."""
