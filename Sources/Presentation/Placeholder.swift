// placeholder: replaced by the Presentation work
