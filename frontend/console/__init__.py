"""The organizer's console: server-rendered pages over the same services and selectors as
the API. Split by concept: `access` (who may enter, how domain errors read), `dashboard`,
`contests` (list, overview, moves), `setup` (the contest set-up form), `entries`
(qualification review), `judging`, `results`, `plots`, `publication`, `people`, `audit`."""
