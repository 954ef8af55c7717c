"""What every REST API endpoint shares: the error shape, pagination, the schema's
conventions and the health check."""
