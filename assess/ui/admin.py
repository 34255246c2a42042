"""Admin page: the users of the hiring team, their roles, adding, deactivating, new passwords."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assess.domain.i18n import t
from assess.domain.vocab import ROLES, SIGN_IN_METHODS
from assess.services import users
from assess.ui import cache, common


def user_table(everyone: list[users.UserInfo], lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("adm.name", lang): [u.name for u in everyone],
            t("adm.email", lang): [u.email for u in everyone],
            t("adm.role", lang): [t(f"role.{u.role}", lang) for u in everyone],
            t("adm.sign_in", lang): [t(f"signin.{u.sign_in}", lang) for u in everyone],
            t("adm.active", lang): [u.active for u in everyone],
        }
    )


def _add(lang: str) -> None:
    with st.form("adm_add_form", clear_on_submit=True):
        email = st.text_input(t("adm.email", lang), key="adm.add.email")
        name = st.text_input(t("adm.name", lang), key="adm.add.name")
        role = st.selectbox(
            t("adm.role", lang),
            ROLES,
            format_func=lambda r: t(f"role.{r}", lang),
            key="adm.add.role",
        )
        method = st.radio(
            t("adm.sign_in", lang),
            SIGN_IN_METHODS,
            format_func=lambda m: t(f"signin.{m}", lang),
            key="adm.add.method",
            horizontal=True,
        )
        password = st.text_input(t("adm.password", lang), type="password", key="adm.add.password")
        submitted = st.form_submit_button(t("adm.add_button", lang), key="adm_add_submit")
    if not submitted:
        return
    added = cache.write(
        users.add_user,
        email,
        name=name,
        role=str(role),
        password=password if method == "password" else None,
        sign_in_method=str(method),
    )
    common.flash("success", t("adm.added", lang, name=added.name, email=added.email))
    st.rerun()


def _change(everyone: list[users.UserInfo], lang: str) -> None:
    by_email = {u.email: u for u in everyone}
    email = st.selectbox(
        t("adm.pick", lang),
        list(by_email),
        format_func=lambda e: f"{by_email[e].name} ({e})",
        key="adm.pick",
    )
    if email is None:
        return
    person = by_email[str(email)]
    role = st.selectbox(
        t("adm.role", lang),
        ROLES,
        index=ROLES.index(person.role),
        format_func=lambda r: t(f"role.{r}", lang),
        key=f"adm.role.{person.id}",
    )
    if st.button(t("adm.set_role", lang), key="adm_set_role") and role != person.role:
        cache.write(users.set_role, person.email, str(role))
        common.flash("success", t("adm.role_set", lang, name=person.name))
        st.rerun()
    password = st.text_input(
        t("adm.new_password", lang), type="password", key=f"adm.password.{person.id}"
    )
    if st.button(t("adm.reset_password", lang), key="adm_reset_password"):
        cache.write(users.reset_password, person.email, password)
        common.flash("success", t("adm.password_set", lang, name=person.name))
        st.rerun()
    if person.active and st.button(t("adm.deactivate", lang), key="adm_deactivate"):
        cache.write(users.deactivate, person.email)
        common.flash("success", t("adm.deactivated", lang, name=person.name))
        st.rerun()


def main(lang: str) -> None:
    st.title(t("adm.title", lang))
    everyone = cache.read(users.list_users)
    st.dataframe(user_table(everyone, lang), hide_index=True, key="adm_table")
    tab_add, tab_change = st.tabs([t("adm.add", lang), t("adm.change", lang)])
    with tab_add:
        _add(lang)
    with tab_change:
        _change(everyone, lang)
