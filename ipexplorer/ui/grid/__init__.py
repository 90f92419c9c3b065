"""The one SQL grid: lazy table model, frozen label column, grouped header, filter popups."""
