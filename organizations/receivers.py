"""Copies of account data that the organization tables keep for their indexes.

A receiver rather than a call from the account service: accounts may not import
organizations, and a user is renamed through several doors (profile, Core API, admin) that
must all keep the members' sort key in step.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import User
from organizations.models import Membership


@receiver(post_save, sender=User, dispatch_uid="organizations.membership_sort_key")
def keep_membership_sort_key(sender, instance: User, created: bool, update_fields=None, **kwargs):
    if created or (update_fields is not None and not {"name", "email"} & set(update_fields)):
        return
    Membership.objects.filter(user=instance).exclude(
        user_name=instance.name, user_email=instance.email
    ).update(user_name=instance.name, user_email=instance.email)
