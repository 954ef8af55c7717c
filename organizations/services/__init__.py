"""The service layer: every write to the organization domain goes through these functions.

Each service takes the acting user, checks permissions through ``organizations.roles``, runs
in one transaction, writes its audit event in it and raises ``common.errors`` exceptions.
"""
