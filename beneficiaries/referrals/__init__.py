"""Referrals between organisations: one organisation hands a person it follows to an action of
another; the receiving operator accepts (the person enters its scope with an enrolment
"referred") or declines with a reason; the sender may withdraw while it waits. Before the
answer, the receiver reads only what the referral states (`Referral.summary`)."""
