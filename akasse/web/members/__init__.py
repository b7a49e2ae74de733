"""Reference data (funds, municipalities, trial lists, branches, caseworkers, offers) and the
member's register data (member, spells, hours paid, visitation, employment)."""
