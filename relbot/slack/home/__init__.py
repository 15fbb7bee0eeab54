"""App Home and the profile: the event, the buttons on Home, the profile form."""
