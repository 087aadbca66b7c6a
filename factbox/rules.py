"""The version of the validator's rules, kept apart so that reading the cache costs no import.

A cache entry records it (see `cache.LAYOUT`): a file cached before a rule was added or
changed is judged again by the new rules. Bump it with every change to what `validation`
accepts, refuses or warns about.
"""

RULES_VERSION = 3
