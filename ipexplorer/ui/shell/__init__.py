"""The application shell: start-up, the main window, settings, language, theme, errors, dialogs."""
