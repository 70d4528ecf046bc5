"""Shapes real WordPress exports have that a blog's own fixture may lack: a shop's reviews and
order notes, attachment pages, comment metadata, "comment" as a type, addresses that are not
addresses, local-only dates."""

from __future__ import annotations

from sqlalchemy import select

from models import Comment, CommentStatus, Thread, db

S = CommentStatus

WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Corner shop</title>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>news</wp:category_nicename></wp:category>
<generator>https://wordpress.org/?v=6.4.2</generator>
<item>
 <title>Opening hours</title><link>https://shop.example/opening-hours/</link>
 <wp:post_id>10</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
 <wp:comment>
  <wp:comment_id>1</wp:comment_id><wp:comment_author><![CDATA[Jo &amp; Co]]></wp:comment_author>
  <wp:comment_author_email></wp:comment_author_email><wp:comment_author_url></wp:comment_author_url>
  <wp:comment_author_IP>unknown</wp:comment_author_IP>
  <wp:comment_date>2021-03-01 10:00:00</wp:comment_date><wp:comment_date_gmt>0000-00-00 00:00:00</wp:comment_date_gmt>
  <wp:comment_content><![CDATA[<p>Open on Sundays?</p><p>We &lt;3 <a href="https://shop.example/">this shop</a></p>]]></wp:comment_content>
  <wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>
  <wp:comment_parent>0</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id>
  <wp:commentmeta><wp:meta_key>akismet_result</wp:meta_key><wp:meta_value><![CDATA[false]]></wp:meta_value></wp:commentmeta>
 </wp:comment>
 <wp:comment>
  <wp:comment_id>2</wp:comment_id><wp:comment_author><![CDATA[Shop owner]]></wp:comment_author>
  <wp:comment_author_email>owner@shop.example</wp:comment_author_email>
  <wp:comment_author_IP>2001:db8:1:2::7</wp:comment_author_IP>
  <wp:comment_date>2021-03-01 12:00:00</wp:comment_date><wp:comment_date_gmt>2021-03-01 11:00:00</wp:comment_date_gmt>
  <wp:comment_content><![CDATA[Yes, 10 to 4.]]></wp:comment_content>
  <wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>
  <wp:comment_parent>1</wp:comment_parent><wp:comment_user_id>1</wp:comment_user_id>
 </wp:comment>
</item>
<item>
 <title>Blue teapot</title><link>https://shop.example/product/blue-teapot/</link>
 <wp:post_id>20</wp:post_id><wp:post_type>product</wp:post_type><wp:status>publish</wp:status>
 <wp:comment>
  <wp:comment_id>3</wp:comment_id><wp:comment_author><![CDATA[Priya]]></wp:comment_author>
  <wp:comment_author_email>priya@example.org</wp:comment_author_email>
  <wp:comment_date>2021-04-02 09:00:00</wp:comment_date><wp:comment_date_gmt>2021-04-02 08:00:00</wp:comment_date_gmt>
  <wp:comment_content><![CDATA[Pours without dripping. Lovely blue.]]></wp:comment_content>
  <wp:comment_approved>1</wp:comment_approved><wp:comment_type>review</wp:comment_type>
  <wp:comment_parent>0</wp:comment_parent>
  <wp:commentmeta><wp:meta_key>rating</wp:meta_key><wp:meta_value><![CDATA[5]]></wp:meta_value></wp:commentmeta>
 </wp:comment>
</item>
<item>
 <title>Order &#8211; March 3, 2021</title><link>https://shop.example/?post_type=shop_order&amp;p=30</link>
 <wp:post_id>30</wp:post_id><wp:post_type>shop_order</wp:post_type><wp:status>wc-completed</wp:status>
 <wp:comment>
  <wp:comment_id>4</wp:comment_id><wp:comment_author><![CDATA[WooCommerce]]></wp:comment_author>
  <wp:comment_author_email>woocommerce@shop.example</wp:comment_author_email>
  <wp:comment_date>2021-03-03 09:00:00</wp:comment_date><wp:comment_date_gmt>2021-03-03 08:00:00</wp:comment_date_gmt>
  <wp:comment_content><![CDATA[Order status changed from Processing to Completed.]]></wp:comment_content>
  <wp:comment_approved>1</wp:comment_approved><wp:comment_type>order_note</wp:comment_type>
  <wp:comment_parent>0</wp:comment_parent>
 </wp:comment>
</item>
<item>
 <title>teapot-photo</title><link>https://shop.example/product/blue-teapot/teapot-photo/</link>
 <wp:post_id>21</wp:post_id><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>
 <wp:comment>
  <wp:comment_id>5</wp:comment_id><wp:comment_author><![CDATA[cheap-pills-online-best-price]]></wp:comment_author>
  <wp:comment_author_email>x@spam.example</wp:comment_author_email>
  <wp:comment_date>2021-05-01 01:00:00</wp:comment_date><wp:comment_date_gmt>2021-05-01 00:00:00</wp:comment_date_gmt>
  <wp:comment_content><![CDATA[<a href="http://pills.example">buy now</a>]]></wp:comment_content>
  <wp:comment_approved>spam</wp:comment_approved><wp:comment_type></wp:comment_type>
  <wp:comment_parent>0</wp:comment_parent>
 </wp:comment>
</item>
</channel>
</rss>
"""  # noqa: E501 - a comment's elements on the lines WordPress writes them


def test_a_shops_export_keeps_readers_comments_and_reviews_and_skips_the_shops_notes(runner, site, tmp_path):
    path = tmp_path / "shop.xml"
    path.write_text(WXR, encoding="utf-8")
    result = runner.invoke(args=["import", "wordpress", str(path), "--site", site.key,
                                 "--map", "https://shop.example=https://blog.example"])
    assert result.exit_code == 0, result.output
    assert "imported 4 comments in 3 threads" in result.output
    assert "comment type 'order_note' (not a reader's comment)" in result.output
    assert "1 comments had no GMT date: their local time was taken as UTC" in result.output
    db.session.expire_all()
    comments = {c.author: c for c in db.session.scalars(select(Comment))}
    assert set(comments) == {"Jo & Co", "Shop owner", "Priya", "cheap-pills-online-best-price"}
    jo, owner = comments["Jo & Co"], comments["Shop owner"]
    assert (jo.email, jo.ip_prefix, jo.number, jo.parent_id) == (None, None, 1, None)
    assert jo.body == "Open on Sundays?\n\nWe <3 this shop (https://shop.example/)"
    assert (owner.parent_id, owner.number, owner.ip_prefix) == (jo.id, 2, "2001:db8:1::/48")
    assert comments["Priya"].status == S.APPROVED
    assert comments["cheap-pills-online-best-price"].status == S.SPAM
    uris = set(db.session.scalars(select(Thread.uri)))
    assert "https://blog.example/product/blue-teapot/teapot-photo/" in uris
    assert not any("shop_order" in uri for uri in uris)
