FROM scratch
ARG VERSION=1
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN mkdir -p /www && echo "hello from flotilla-test/web" > /www/index.html && echo "$VERSION" > /www/version
EXPOSE 80
# As PID 1, httpd would ignore SIGTERM and every stop would wait for the 10 s grace period.
# /name says which container answered (the routing mesh's tests count them).
CMD ["sh", "-c", "hostname > /www/name; trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait"]
