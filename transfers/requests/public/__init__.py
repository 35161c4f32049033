"""The public side for data subjects: who receives their data and where, and requests for a
copy of the SCCs. No login; only what the legal team marked public (transfers.public.selectors).
"""
