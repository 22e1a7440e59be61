"""Stage 3: who is speaking (:mod:`.resolver`), from names (:mod:`.names`) and profiles (:mod:`.profiles`)."""

from .names import PersonName, normalise
from .profiles import profile_of
from .resolver import SpeakerResolver

__all__ = ["PersonName", "SpeakerResolver", "normalise", "profile_of"]
