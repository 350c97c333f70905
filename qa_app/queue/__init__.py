"""Background work: the job ledger, what each kind of job does, and running one job."""
