"""讲话问答: question answering over collections of Chinese speeches."""

__version__ = "0.1.0"
