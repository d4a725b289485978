"""The notification engine, in the order data flows through it:

- ``rules``: notification rules as data (conditions, duties, deadlines), from the policy;
- ``facts``: what a rule can test, drawn once per incident (three-valued where unknown);
- ``applicability``: whether a condition holds, does not, or may;
- ``deadlines``: due instants as the law counts them (hours, calendar and business days
  with public holidays, months, time zones);
- ``expected``: the duties (rule, recipient, stage, jurisdiction) an incident owes;
- ``clocks``: where each recorded duty and each response SLA stands;
- ``check``: what `pirsite check` says about them.

Imported by module (``from pirsite.obligations.clocks import ...``): the package itself
stays light, because the policy imports ``rules`` while it is being built.
"""
