"""pyqtgraph drawing only; imported when a plot first shows."""
