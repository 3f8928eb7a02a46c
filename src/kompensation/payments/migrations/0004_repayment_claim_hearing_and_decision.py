"""A repayment claim becomes a decision: draft → hearing of the employer (FVL § 19) → decided or dropped,
with its condition, computation per paid request, the employer's answer and the chosen settlement."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def earlier_claims_were_decided_offsets(apps, schema_editor):
    # Before this change a claim was decided and offset the moment it was made; keep that meaning.
    RepaymentClaim = apps.get_model("payments", "RepaymentClaim")
    RepaymentClaim.objects.all().update(status="decided", settlement="offset")


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0003_correction_second_approval"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="repaymentclaim",
            options={
                "ordering": ["-created_at", "-id"],
                "verbose_name": "tilbagebetalingskrav",
                "verbose_name_plural": "tilbagebetalingskrav",
            },
        ),
        migrations.RenameField(model_name="repaymentclaim", old_name="reason", new_name="facts"),
        migrations.AlterField(
            model_name="repaymentclaim",
            name="facts",
            field=models.TextField(verbose_name="sagens faktiske omstændigheder"),
        ),
        migrations.AlterField(
            model_name="repaymentclaim", name="legal_basis", field=models.TextField(verbose_name="hjemmel")
        ),
        migrations.AddField(
            model_name="repaymentclaim",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Kladde"),
                    ("hearing", "I partshøring"),
                    ("decided", "Afgjort"),
                    ("dropped", "Opgivet"),
                ],
                default="draft",
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="repaymentclaim",
            name="condition",
            field=models.CharField(
                blank=True,
                choices=[
                    ("wrong_information", "Urigtige oplysninger givet mod bedre vidende"),
                    ("concealed", "Fortiede oplysninger"),
                    ("conditions_not_met", "Betingelserne for tilskuddet var ikke opfyldt"),
                ],
                max_length=24,
                verbose_name="betingelse",
            ),
        ),
        migrations.AddField(
            model_name="repaymentclaim",
            name="lines",
            field=models.JSONField(blank=True, default=list, verbose_name="beregning"),
        ),
        migrations.AddField(
            model_name="repaymentclaim",
            name="hearing_letter",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="letters.letter",
            ),
        ),
        migrations.AddField(
            model_name="repaymentclaim",
            name="hearing_sent_on",
            field=models.DateField(blank=True, null=True, verbose_name="partshøring sendt"),
        ),
        migrations.AddField(
            model_name="repaymentclaim",
            name="response_due",
            field=models.DateField(blank=True, null=True, verbose_name="svarfrist"),
        ),
        migrations.AddField(
            model_name="repaymentclaim",
            name="answer",
            field=models.TextField(blank=True, verbose_name="virksomhedens svar"),
        ),
        migrations.AddField(
            model_name="repaymentclaim",
            name="answered_on",
            field=models.DateField(blank=True, null=True, verbose_name="svar modtaget"),
        ),
        migrations.AddField(
            model_name="repaymentclaim",
            name="answered_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="repaymentclaim",
            name="assessment",
            field=models.TextField(blank=True, verbose_name="vurdering af svaret"),
        ),
        migrations.AddField(
            model_name="repaymentclaim",
            name="settlement",
            field=models.CharField(
                blank=True,
                choices=[
                    ("payment", "Virksomheden betaler beløbet"),
                    ("offset", "Beløbet modregnes i kommende udbetalinger"),
                ],
                max_length=8,
                verbose_name="afvikling",
            ),
        ),
        migrations.AddField(
            model_name="repaymentclaim",
            name="payment_account",
            field=models.CharField(blank=True, max_length=200, verbose_name="indbetales til"),
        ),
        migrations.AddField(
            model_name="repaymentclaim",
            name="payment_due",
            field=models.DateField(blank=True, null=True, verbose_name="betales senest"),
        ),
        migrations.AddField(
            model_name="repaymentclaim",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="repaymentclaim",
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="repaymentclaim",
            name="dropped_reason",
            field=models.TextField(blank=True, verbose_name="begrundelse for at opgive kravet"),
        ),
        migrations.RunPython(earlier_claims_were_decided_offsets, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="repaymentclaim",
            constraint=models.CheckConstraint(condition=models.Q(amount__gt=0), name="claim_amount_positive"),
        ),
        migrations.AddConstraint(
            model_name="repaymentclaim",
            constraint=models.CheckConstraint(
                condition=models.Q(outstanding__gte=0, outstanding__lte=models.F("amount")),
                name="claim_outstanding_within_amount",
            ),
        ),
    ]
