"""akasse: the contact course (kontaktforløb) for Danish unemployment insurance funds."""

__version__ = "0.1.0"
