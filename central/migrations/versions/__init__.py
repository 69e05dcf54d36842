"""One module per revision; never edit one that has been released, add the next."""
