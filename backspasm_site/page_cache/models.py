# No models: the render process's table (RenderRequest) is dropped by migration 0002.
