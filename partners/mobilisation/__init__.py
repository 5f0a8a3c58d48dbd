"""Company mobilisation: the actions DIAIR and coordinators run with companies (list, month
calendar, forms) and the dated notes of each contact with an organisation."""
