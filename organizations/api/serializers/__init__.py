"""Shapes of the organization domain in the REST API, one module per resource.

Input serializers only parse: the rules (who may, which values are allowed together) are the
services'. Ids in a request body are looked up within the organization of the URL, so an id
of another organization is never resolved.
"""
