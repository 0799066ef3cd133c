"""People who write to the guide and the personal data the guide keeps about them.

Everything in here is personal data: referral codes and links (with the student's consent to share a summary),
callback requests for a liaison. It is never part of the catalog import, it is deleted on request
(:mod:`bot.core.people.privacy`) and after the retention period.
"""
