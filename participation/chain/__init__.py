"""The shape shared by the things that answer a proposal.

Agreements, projects and good practice (and the kinds to come: localities,
shared infrastructure, planned works, advisors' answers) are public items
scoped to municipalities and groupings, found through the same filters,
shown in the same sections of a municipality's and a grouping's page, and
linked to proposals with an audit entry and an event. Each kind configures
the pieces here instead of copying them:

- `scoping`: the item's municipalities and groupings as form choices, the
  editor's scope rule, and the SQL conditions for lists and sections;
- `filters`: reading a list's filters from the address and applying them;
- `linking`: tying an item to a proposal and back (rule, status change,
  audit entry, event), one transaction each;
- `changes`: the audit-trail helpers every item kind's services use;
- `views`: "load a child row of X or 404", and the pick-and-link pages.

Templates: `templates/chain/_macros.html` (filter form, page sections).
"""
