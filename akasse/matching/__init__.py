"""Job matching without Django: members and openings as arrays (``features``), the explicit
score with its reasons in Danish (``explicit``, ``reasons``), the learned hire model
(``hire``), the blended ranking (``rank``) and the congestion-aware allocation of a day's
presentations (``allocate``). docs/matching.md describes the whole."""
