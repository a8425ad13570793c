from django import forms

from accounts.models import User


class SignupProfileForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    full_name = forms.CharField(max_length=200, label="Full name")
    affiliation = forms.CharField(max_length=200, required=False, label="Affiliation")

    def signup(self, request, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.affiliation = self.cleaned_data["affiliation"]
        user.save(update_fields=["full_name", "affiliation"])


class ProfileForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = User
        fields = ["full_name", "affiliation", "orcid", "website"]
