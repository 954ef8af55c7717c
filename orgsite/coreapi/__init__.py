"""The Core API: Luzmo's wire protocol at ``/0.1.0/<resource>`` (``shared/docs/LUZMO_API.md``).

``protocol`` reads bodies and credentials and writes answers and errors, ``find`` turns a
Sequelize-style ``find`` into ORM queries, ``dispatch`` is the one view. The resources live
in their apps (``organizations.coreapi``, ``accounts.coreapi``, ``plugins.coreapi``), each a
thin translation to the service layer.
"""
